ASCII SPSS PORT FILE                    ASCII SPSS PORT FILE                    
ASCII SPSS PORT FILE                    ASCII SPSS PORT FILE                    
ASCII SPSS PORT FILE                    0000000000000000000000000000000000000000
0000000000000000000000000123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrst
uvwxyz .<(+|&[]!$*);^-/|,%_>?`:$@'="000000~-0000123456789000-()0{}\0000000000000
00000000000000000000000000000000000000000000000000000000SPSSPORTA8/202612046/053
2121E/GNU pspp 1.6.23J/x86_64-pc-linux-gnu48/5B/70/5/LOPNR5/8/2/5/8/2/CA/Löpnum
mer70/2/AR5/8/2/5/8/2/C3/År70/6/OMRADE5/8/2/5/8/2/C7/Område70/3/KON5/8/2/5/8/2
/C4/Kön70/4/VIKT5/8/2/5/8/2/CG/Kalibreringsvikt70/3/T015/8/2/5/8/2/B8/9/C1K/Hur
 trygg känner du dig ute ensam sent en kväll?70/3/P085/8/2/5/8/2/88/89/CT/Öpp
en narkotikaförsäljning7K/8/KOMMENTA1/K/0/1/K/0/C9/KommentarD1/6/OMRADE2/1/J/�
�kersberga centrum2/5/SöraD1/3/KON2/1/3/Man2/6/KvinnaD1/3/T016/1/C/Mycket trygg
2/C/Ganska trygg3/D/Ganska otrygg4/D/Mycket otrygg8/6/Vet ej9/7/Ej svarD1/3/P086
/1/D/Inget problem2/H/Ett litet problem3/O/Ett ganska stort problem4/O/Ett mycke
t stort problem8/6/Vet ej9/7/Ej svarF13A/279/1/1/.F/1/1/K/lugnt i centrum     13
B/279/2/2/2.IMF/2/4/K/                    13C/279/1/2/2.7F/3/*.K/               
     13D/279/2/2/1.Q7F/4/2/K/                    13E/279/1/1/1.F/2/8/K/lugnt i c
entrum     13F/279/2/1/1.3MF/1/2/K/                    13G/279/1/1/.MF/9/3/K/   
                 13H/279/2/2/2.Q7F/3/9/K/                    13I/279/1/2/2.F/2/1
/K/lugnt i centrum     13J/279/2/2/2.3MF/8/4/K/                    13K/279/1/1/1
.MF/*.*.K/                    13L/279/2/1/1.B7F/1/2/K/                    13M/27
9/1/1/1/4/8/K/lugnt i centrum     13N/279/2/2/.IMF/1/2/K/                    13O
/279/1/2/2.MF/2/3/K/                    13P/279/2/2/2.B7F/3/9/K/                
    13Q/279/1/1/2/4/1/K/lugnt i centrum     13R/279/2/1/1.IMF/2/4/K/            
        13S/279/1/1/1.7F/1/*.K/                    13T/279/2/2/.Q7F/9/2/K/      
              140/279/1/2/.F/3/8/K/lugnt i centrum     141/279/2/2/2.IMF/2/2/K/ 
                   142/279/1/1/2.7F/8/3/K/                    143/279/2/1/1.Q7F/
*.9/K/                    144/279/1/1/1.F/1/1/K/lugnt i centrum     145/279/2/2/
1.3MF/4/4/K/                    146/279/1/2/.MF/1/*.K/                    147/27
9/2/2/2.Q7F/2/2/K/                    148/279/1/1/2.F/3/8/K/lugnt i centrum     
149/279/2/1/2.3MF/4/2/K/                    14A/27A/1/1/1.MF/2/3/K/             
       14B/27A/2/2/1.B7F/1/9/K/                    14C/27A/1/2/1/9/1/K/lugnt i c
entrum     14D/27A/2/2/.IMF/3/4/K/                    14E/27A/1/1/2.MF/2/*.K/   
                 14F/27A/2/1/2.B7F/8/2/K/                    14G/27A/1/1/2/*.8/K
/lugnt i centrum     14H/27A/2/2/1.IMF/1/2/K/                    14I/27A/1/2/1.7
F/4/3/K/                    14J/27A/2/2/.Q7F/1/9/K/                    14K/27A/1
/1/.F/2/1/K/lugnt i centrum     14L/27A/2/1/2.IMF/3/4/K/                    14M/
27A/1/1/2.7F/4/*.K/                    14N/27A/2/2/1.Q7F/2/2/K/                 
   14O/27A/1/2/1.F/1/8/K/lugnt i centrum     14P/27A/2/2/1.3MF/9/2/K/           
         14Q/27A/1/1/.MF/3/3/K/                    14R/27A/2/1/2.Q7F/2/9/K/     
               14S/27A/1/1/2.F/8/1/K/lugnt i centrum     14T/27A/2/2/2.3MF/*.4/K
/                    150/27A/1/2/1.MF/1/*.K/                    151/27A/2/2/1.B7
F/4/2/K/                    152/27A/1/1/1/1/8/K/lugnt i centrum     153/27A/2/1/
.IMF/2/2/K/                    154/27A/1/1/2.MF/3/3/K/                    155/27
A/2/2/2.B7F/4/9/K/                    156/27A/1/2/2/2/1/K/lugnt i centrum     15
7/27A/2/2/1.IMF/1/4/K/                    158/27A/1/1/1.7F/9/*.K/               
     159/27A/2/1/.Q7F/3/2/K/                    ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ
